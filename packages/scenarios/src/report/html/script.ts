/**
 * The page's only script, inline: the events table's filters, the violations' links into it,
 * and the pod timeline's zoom. It reads the page, never the network; names reach it through
 * data- attributes and are compared as text, never parsed as HTML.
 */
export const SCRIPT = `
(function(){
  var table=document.getElementById('events');
  var type=document.getElementById('f-type'),reason=document.getElementById('f-reason'),object=document.getElementById('f-object'),count=document.getElementById('f-count');
  function apply(){
    if(!table)return;
    var t=type.value,r=reason.value,o=object.value.trim().toLowerCase(),n=0,rows=table.tBodies[0].rows;
    for(var i=0;i<rows.length;i++){var d=rows[i].dataset;var show=(!t||d.type===t)&&(!r||d.reason===r)&&(!o||d.object.indexOf(o)>=0);rows[i].style.display=show?'':'none';if(show)n++;}
    count.textContent=n+' of '+rows.length+' events';
  }
  if(table){type.addEventListener('change',apply);reason.addEventListener('change',apply);object.addEventListener('input',apply);apply();}
  document.addEventListener('click',function(e){
    var a=e.target.closest&&e.target.closest('a.obj,a.at');
    if(!a||!table)return;
    e.preventDefault();
    var rows=table.tBodies[0].rows,target=null,i;
    for(i=0;i<rows.length;i++)rows[i].classList.remove('hl');
    type.value='';reason.value='';
    if(a.classList.contains('obj')){object.value=a.dataset.object;apply();target=table;}
    else{object.value='';apply();var at=Number(a.dataset.time);for(i=0;i<rows.length;i++){if(Number(rows[i].dataset.time)>=at){target=rows[i];break;}}if(target)target.classList.add('hl');}
    (target||table).scrollIntoView({block:'center'});
  });
  var pt=document.querySelector('.pt-inner'),level=document.querySelector('.zoom-level'),zoom=1;
  document.querySelectorAll('[data-zoom]').forEach(function(b){b.addEventListener('click',function(){
    var k=b.dataset.zoom;zoom=k==='in'?Math.min(zoom*2,64):k==='out'?Math.max(zoom/2,1):1;
    pt.style.setProperty('--zoom',String(zoom));level.textContent=zoom+'×';
  });});
})();
`;

/*
 * SQLite's own cost of issue 15's import of 100,000 partners, in C against the SQLite that
 * Trustlane runs (sqlite-nio's vendored amalgamation, 3.54), with the import's own statements:
 * partners as multi-row VALUES of bound values (1,428 rows a statement), identifiers and search
 * terms as JSON through json_each (2,500 rows a statement), the terms sorted, one transaction,
 * WAL, synchronous=FULL, foreign keys off, INSERT OR FAIL, a 24 MB cache. Used for M054's figures.
 *
 *   V=.build/checkouts/sqlite-nio/Sources/VaporCSQLite
 *   gcc -O2 -c -DSQLITE_DEFAULT_MEMSTATUS=0 -DSQLITE_DQS=0 -DSQLITE_THREADSAFE=1 -DSQLITE_SECURE_DELETE \
 *       -DSQLITE_MAX_VARIABLE_NUMBER=250000 -I$V/include $V/sqlite_nio_sqlite3.c -o /tmp/sqlite.o
 *   gcc -O2 -I$V/include scripts/bench/partner_import_floor.c /tmp/sqlite.o -o /tmp/floor -lpthread -lm
 *   /tmp/floor STRATEGY INDEXES [CACHE_KB]
 *
 * STRATEGY: 0 multi-row VALUES (as Trustlane), 1 one prepared row reused, 2 json_each, 3 json_each(jsonb()).
 * INDEXES, bits: 1 the status index, 2 the reassessment index whole (before M054), 4 it partial
 * (M054), 8 identifiers WITHOUT ROWID keyed by company and key (M054). Before M054: 3; after: 13.
 * The database is written to /tmp/partner-import-floor.sqlite (`DB`).
 */
#include "sqlite_nio_sqlite3.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#define N 100000
#define DB "/tmp/partner-import-floor.sqlite"
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec/1e9;}
static const char*syl[]={"ka","ri","to","ma","su","ne","lo","pa","di","ra","an","ti","ko","be","sa","mu","ya","ha","in","do","gar","men","tex","ind","jaya","abadi","sen","tos"};
static unsigned long long seed=15;
static unsigned rnd(){seed=seed*6364136223846793005ULL+1442695040888963407ULL;return seed>>33;}
static void mkname(char*out){int w=2+rnd()%3;out[0]=0;for(int i=0;i<w;i++){if(i)strcat(out," ");int s=2+rnd()%3;for(int j=0;j<s;j++)strcat(out,syl[rnd()%28]);}}
typedef struct{char id[37],ref[16],refkey[16],name[80],key[80],alias[80],ident[24],terms[200];}Row;
static Row*rows;
typedef struct{char term[40];int p;}Term; static Term*terms;static int nterms;
static int cmpt(const void*a,const void*b){const Term*x=a,*y=b;int c=strcmp(x->term,y->term);return c?c:x->p-y->p;}
static sqlite3*db;
static void ex(const char*s){char*e=0;if(sqlite_nio_sqlite3_exec(db,s,0,0,&e)){fprintf(stderr,"%s: %s\n",s,e);exit(1);}}
static const char*company="0b4f2c7e-9d3a-4c55-8a1e-2f6b7c8d9e10";
static void chk(int rc,int want){if(rc!=want){fprintf(stderr,"rc %d %s\n",rc,sqlite_nio_sqlite3_errmsg(db));exit(1);}}
static void bindrow(sqlite3_stmt*st,int base,Row*r){
  const char*v[17]={r->id,r->ref,r->refkey,r->name,r->key,r->alias,"ID","supplier",0,r->ident,0,0,0,0,"low",0,r->terms};
  for(int c=0;c<17;c++){int i=base+c; if(c==15)sqlite_nio_sqlite3_bind_int(st,i,3); else if(v[c])sqlite_nio_sqlite3_bind_text(st,i,v[c],-1,SQLITE_TRANSIENT); else sqlite_nio_sqlite3_bind_null(st,i);}
}
static const char*COLS="company_id,status,created_at,updated_at,id,reference,reference_key,legal_name,name_key,other_names,country,role,address,identifiers,sites,contact_name,contact_email,notes,tier,tier_points,search_terms";
static void shared(sqlite3_stmt*st){sqlite_nio_sqlite3_bind_text(st,1,company,-1,SQLITE_STATIC);sqlite_nio_sqlite3_bind_text(st,2,"active",-1,SQLITE_STATIC);sqlite_nio_sqlite3_bind_double(st,3,8e8);sqlite_nio_sqlite3_bind_double(st,4,8e8);}
static void jsonesc(char**p,const char*s){ if(!s){strcpy(*p,"null");*p+=4;return;} **p='"';(*p)++; size_t n=strlen(s);memcpy(*p,s,n);*p+=n;**p='"';(*p)++;}
int main(int argc,char**argv){
  int strat=atoi(argv[1]); int idx=atoi(argv[2]);
  rows=calloc(N,sizeof(Row)); terms=calloc(N*8,sizeof(Term));
  for(int n=0;n<N;n++){Row*r=&rows[n];
    sprintf(r->id,"0193a5b2-%04x-7%03x-8%03x-%012x",(n>>24)&0xffff,(n>>12)&0xfff,n&0xfff,rnd());
    sprintf(r->ref,"P-%d",n);sprintf(r->refkey,"p-%d",n);mkname(r->name);strcpy(r->key,r->name);
    if(n%3==0)mkname(r->alias);sprintf(r->ident,"duns:%d",100000000+n);
    char buf[200];sprintf(buf,"%s %s",r->name,r->alias);r->terms[0]=0;
    for(char*t=strtok(buf," ");t;t=strtok(0," ")){strcat(r->terms," ");strcat(r->terms,t);strncpy(terms[nterms].term,t,39);terms[nterms].p=n;nterms++;}
  }
  qsort(terms,nterms,sizeof(Term),cmpt);{int m=0;for(int i=0;i<nterms;i++){if(m&&terms[m-1].p==terms[i].p&&!strcmp(terms[m-1].term,terms[i].term))continue;terms[m++]=terms[i];}nterms=m;}
  unlink(DB);unlink(DB "-wal");unlink(DB "-shm");
  sqlite_nio_sqlite3_open(DB,&db);
  ex("PRAGMA journal_mode=WAL");ex("PRAGMA synchronous=FULL");
  ex("CREATE TABLE companies (id UUID PRIMARY KEY)");
  char q[400];sprintf(q,"INSERT INTO companies VALUES ('%s')",company);ex(q);
  ex("CREATE TABLE business_partners (id UUID PRIMARY KEY, company_id UUID NOT NULL REFERENCES companies(id) ON DELETE CASCADE, reference TEXT, reference_key TEXT, legal_name TEXT NOT NULL, name_key TEXT NOT NULL, other_names TEXT NOT NULL, country TEXT NOT NULL, role TEXT NOT NULL, status TEXT NOT NULL, address TEXT, identifiers TEXT NOT NULL, sites TEXT, contact_name TEXT, contact_email TEXT, notes TEXT, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, tier TEXT, tier_points INTEGER, volume TEXT, last_assessed_on TEXT, next_assessment_on TEXT, early_trigger_on TEXT, early_trigger_reason TEXT, search_terms TEXT, UNIQUE(company_id, reference_key))");
  ex("CREATE INDEX business_partners_list_idx ON business_partners (company_id, name_key)");
  if(idx&1) ex("CREATE INDEX business_partners_status_idx ON business_partners (company_id, status)");
  if(idx&2) ex("CREATE INDEX business_partners_next_idx ON business_partners (company_id, next_assessment_on)");
  if(idx&4) ex("CREATE INDEX business_partners_next_idx ON business_partners (company_id, next_assessment_on) WHERE next_assessment_on IS NOT NULL");
  if(idx&8) ex("CREATE TABLE business_partner_identifiers (company_id UUID NOT NULL REFERENCES companies(id) ON DELETE CASCADE, key TEXT NOT NULL, partner_id UUID NOT NULL, PRIMARY KEY (company_id, key)) WITHOUT ROWID"); else {
  ex("CREATE TABLE business_partner_identifiers (company_id UUID NOT NULL REFERENCES companies(id) ON DELETE CASCADE, partner_id UUID NOT NULL REFERENCES business_partners(id) ON DELETE CASCADE, key TEXT NOT NULL, UNIQUE(company_id, key))");
  ex("CREATE INDEX business_partner_identifiers_partner_idx ON business_partner_identifiers (partner_id)");}
  ex("CREATE TABLE business_partner_terms (company_id UUID NOT NULL, term TEXT NOT NULL, partner_id UUID NOT NULL, PRIMARY KEY (company_id, term, partner_id)) WITHOUT ROWID");
  ex("PRAGMA foreign_keys=OFF");{char cs[64];sprintf(cs,"PRAGMA cache_size=-%d",argc>3?atoi(argv[3]):24576);ex(cs);}ex("PRAGMA temp_store=MEMORY");ex("PRAGMA wal_autocheckpoint=0");
  double t0=now(); ex("BEGIN");
  sqlite3_stmt*st; int per=30000/21; char*sql=malloc(2000000);
  if(strat==0){ // multi-row VALUES, prepared per statement
    for(int s=0;s<N;s+=per){int k=N-s<per?N-s:per;
      char*p=sql+sprintf(sql,"INSERT OR FAIL INTO business_partners (%s) VALUES ",COLS);
      for(int i=0;i<k;i++)p+=sprintf(p,"%s(?1,?2,?3,?4,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",i?",":"");
      chk(sqlite_nio_sqlite3_prepare_v3(db,sql,-1,0,&st,0),0);shared(st);
      for(int i=0;i<k;i++)bindrow(st,5+17*i,&rows[s+i]);
      chk(sqlite_nio_sqlite3_step(st),SQLITE_DONE);sqlite_nio_sqlite3_finalize(st);}
  } else if(strat==1){ // one row, reused
    sprintf(sql,"INSERT OR FAIL INTO business_partners (%s) VALUES (?1,?2,?3,?4,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",COLS);
    chk(sqlite_nio_sqlite3_prepare_v3(db,sql,-1,SQLITE_PREPARE_PERSISTENT,&st,0),0);shared(st);
    for(int n=0;n<N;n++){bindrow(st,5,&rows[n]);chk(sqlite_nio_sqlite3_step(st),SQLITE_DONE);sqlite_nio_sqlite3_reset(st);}
    sqlite_nio_sqlite3_finalize(st);
  } else { // json_each, text (2) or jsonb (3)
    sprintf(sql,"INSERT OR FAIL INTO business_partners (%s) SELECT ?1,?2,?3,?4,value->>0,value->>1,value->>2,value->>3,value->>4,value->>5,value->>6,value->>7,value->>8,value->>9,value->>10,value->>11,value->>12,value->>13,value->>14,value->>15,value->>16 FROM json_each(%s)",COLS,strat==3?"jsonb(?5)":"?5");
    char*js=malloc(4000000);
    for(int s=0;s<N;s+=per){int k=N-s<per?N-s:per; char*p=js;*p++='[';
      for(int i=0;i<k;i++){Row*r=&rows[s+i]; if(i)*p++=','; *p++='[';
        const char*v[17]={r->id,r->ref,r->refkey,r->name,r->key,r->alias,"ID","supplier",0,r->ident,0,0,0,0,"low","3",r->terms};
        for(int c=0;c<17;c++){if(c)*p++=','; if(c==15){*p++='3';} else jsonesc(&p,v[c]);} *p++=']';}
      *p++=']';*p=0;
      chk(sqlite_nio_sqlite3_prepare_v3(db,sql,-1,0,&st,0),0);shared(st);sqlite_nio_sqlite3_bind_text(st,5,js,p-js,SQLITE_TRANSIENT);
      chk(sqlite_nio_sqlite3_step(st),SQLITE_DONE);sqlite_nio_sqlite3_finalize(st);}
  }
  double t1=now();
  { char*js=malloc(4000000); for(int s=0;s<N;s+=2500){int k=N-s<2500?N-s:2500;char*p=js;*p++='[';
      for(int i=0;i<k;i++){if(i)*p++=',';*p++='[';jsonesc(&p,rows[s+i].id);*p++=',';jsonesc(&p,rows[s+i].ident);*p++=']';}*p++=']';
      chk(sqlite_nio_sqlite3_prepare_v3(db,"INSERT OR FAIL INTO business_partner_identifiers (company_id,partner_id,key) SELECT ?1, value->>0, value->>1 FROM json_each(?2)",-1,0,&st,0),0);
      sqlite_nio_sqlite3_bind_text(st,1,company,-1,SQLITE_STATIC);sqlite_nio_sqlite3_bind_text(st,2,js,p-js,SQLITE_TRANSIENT);chk(sqlite_nio_sqlite3_step(st),SQLITE_DONE);sqlite_nio_sqlite3_finalize(st);}
  double t2=now();
    for(int s=0;s<nterms;s+=2500){int k=nterms-s<2500?nterms-s:2500;char*p=js;*p++='[';
      for(int i=0;i<k;i++){if(i)*p++=',';*p++='[';jsonesc(&p,terms[s+i].term);*p++=',';jsonesc(&p,rows[terms[s+i].p].id);*p++=']';}*p++=']';
      chk(sqlite_nio_sqlite3_prepare_v3(db,"INSERT OR FAIL INTO business_partner_terms (company_id,term,partner_id) SELECT ?1, value->>0, value->>1 FROM json_each(?2)",-1,0,&st,0),0);
      sqlite_nio_sqlite3_bind_text(st,1,company,-1,SQLITE_STATIC);sqlite_nio_sqlite3_bind_text(st,2,js,p-js,SQLITE_TRANSIENT);chk(sqlite_nio_sqlite3_step(st),SQLITE_DONE);sqlite_nio_sqlite3_finalize(st);}
  double t3=now(); ex("COMMIT"); double t4=now();
  FILE*f=fopen(DB "-wal","r");fseek(f,0,SEEK_END);long w=ftell(f);
  printf("strat %d idx %d: partners %.3f ids %.3f terms(%d) %.3f commit %.3f total %.3f wal %.1f MB\n",strat,idx,t1-t0,t2-t1,nterms,t3-t2,t4-t3,t4-t0,w/1e6);}
  return 0;}
